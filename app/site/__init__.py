"""The human front door: the explorer page at `/` and the API docs, all served from the package."""
