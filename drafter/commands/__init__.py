"""One module per top-level command; each exports one click command or group."""
