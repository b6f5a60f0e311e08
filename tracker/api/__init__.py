"""API plumbing both apps share; it imports neither app, so either may import it."""
