// Placeholder entry point; the real command line comes with the CLI files.
