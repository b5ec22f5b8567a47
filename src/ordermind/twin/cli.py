import typer

app = typer.Typer(help="twin", no_args_is_help=True)
