"""The domain: plain Python, no `import reflex`. Callers own the transaction."""
