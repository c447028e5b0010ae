"""The yardstick: a bare Typer app with one command, run in the same environment."""

import typer

app = typer.Typer()


@app.command()
def hello(name: str = "monde") -> None:
    """Say hello."""
    print(f"Bonjour {name}")


if __name__ == "__main__":
    app()
