"""drafter: the uitvoeringsbrief inburgering, from scanned nota's to the next draft."""
__version__ = "0.1.0"
