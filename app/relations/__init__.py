"""Relations between states: recognition and diplomatic relations."""
