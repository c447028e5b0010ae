"""The interactive wizard of ``opalexe-cert start`` (questionary prompts, rich screens).

Imported only by the ``start`` command when standard input is a terminal: nothing else in the
package loads questionary.
"""
