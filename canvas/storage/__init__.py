"""Where canvases are kept: canvas files on disk and the worked examples."""
