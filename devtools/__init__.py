"""Tooling for tests and benchmarks (not part of the assistant that is deployed): starting the
processes of a stack on free ports and waiting until they answer."""
