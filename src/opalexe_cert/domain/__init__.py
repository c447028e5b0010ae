"""The pure domain: the guide's procedure, its rules, deadlines and the state model.

Nothing here touches a terminal, the network, a PDF or a file: ``import-linter`` keeps it so
(see ``[tool.importlinter]`` in ``pyproject.toml``).
"""
