"""Running Rumo in production: the process file, gunicorn's settings, object storage."""
