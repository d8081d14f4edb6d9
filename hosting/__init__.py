"""Running the app hosted for a practice: a PostgreSQL cluster for a trial, app servers behind
HAProxy, and the local sign-in provider for a trial and the tests (`scripts/serve-practice`)."""
