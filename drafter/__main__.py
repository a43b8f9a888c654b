from drafter.cli import cli

cli(prog_name="drafter")
