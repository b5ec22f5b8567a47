import typer

app = typer.Typer(help="kpis", no_args_is_help=True)
