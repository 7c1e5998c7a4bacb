"""Cross-cutting helpers every part of the domain package uses (the clock, ...)."""
