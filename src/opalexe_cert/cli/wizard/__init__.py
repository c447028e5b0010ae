"""The interactive wizard of ``opalexe-cert start`` (rich screens over ``cli.prompts``).

Imported only by the ``start`` command when standard input is a terminal (an import-linter
contract keeps it so); the questions other commands ask live in ``cli.prompts``.
"""
