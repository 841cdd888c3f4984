"""Export file formats: pure writers that turn what an export holds into streamed text."""
