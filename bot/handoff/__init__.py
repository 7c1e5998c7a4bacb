"""Live handoff to a person: handoff sessions, office hours, and the conversation transcript."""
