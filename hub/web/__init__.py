"""The analyst's workbench over HTTP: sign-in, sessions and CSRF, the page, and exports."""
