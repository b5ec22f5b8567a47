"""`ordermind assistant chat`: the order assistant in the terminal.

It talks to the conversation service directly, on the store in DATABASE_URL (no server
needed), with the same verification, answers and confirmed actions as the HTTP API. With
--channel it is that channel's assistant (only its orders are found); without, it finds
any order — still only after the person is verified for it. Type /quit (or Ctrl-D) to end.
"""

from __future__ import annotations

from collections.abc import Callable

import typer
from rich.console import Console
from rich.markup import escape

from ordermind.assistant.understanding import Understander

Loader = Callable[[], Understander]


def _default_understander() -> Understander:
    import importlib

    model = importlib.import_module("ordermind.assistant.model")
    understander: Understander = model.load_understander()
    return understander


def chat(
    lines: Callable[[], str],
    console: Console,
    understander: Understander,
    channel: str | None = None,
    locale: str = "en",
    show_intent: bool = True,
) -> int:
    """Run one conversation reading customer lines from `lines` until /quit or end of
    input; the number of messages exchanged."""
    from ordermind.adapters.db.engine import make_engine
    from ordermind.adapters.db.retry import with_retries
    from ordermind.adapters.db.unit_of_work import SqlUnitOfWork
    from ordermind.domain.clock import utcnow
    from ordermind.services import assistant as svc

    engine = make_engine()

    def run(step):
        def attempt():
            with SqlUnitOfWork(engine) as uow:
                out = step(uow)
                uow.commit()
            return out

        return with_retries(attempt)

    conv, first = run(
        lambda uow: svc.open_conversation(uow, channel, locale, "cli:assistant", utcnow())
    )
    console.print(f"[bold]assistant>[/bold] {escape(first.text)}")
    console.print(f"[dim](conversation {conv.id}; /quit to end)[/dim]")
    exchanged = 0
    while True:
        try:
            text = lines().strip()
        except EOFError:
            break
        if text in ("/quit", "/exit"):
            break
        if not text:
            continue
        try:
            reply = run(
                lambda uow, text=text: svc.post_message(
                    uow, conv.id, text, channel, understander, utcnow()
                )
            )
        except Exception as exc:  # a bad message is one line, and the chat goes on
            detail = getattr(exc, "detail", None) or str(exc) or type(exc).__name__
            console.print(f"[red]error:[/red] {escape(str(detail))}")
            continue
        exchanged += 1
        for m in reply.agent_messages:
            console.print(f"[bold green]agent>[/bold green] {escape(str(m['text']))}")
        if reply.text:
            console.print(f"[bold]assistant>[/bold] {escape(reply.text)}")
        if show_intent:
            action = (
                f", action {reply.action['kind']} {reply.action['status']}" if reply.action else ""
            )
            console.print(
                f"[dim]({reply.intent} {reply.confidence or 0:.2f}, {reply.state}{action})[/dim]"
            )
    return exchanged


def register(app: typer.Typer, understander: Loader | None = None) -> None:
    """Add `chat` to `app` (the `ordermind assistant` group); `understander` makes what
    messages are understood with (default: the trained classifier)."""
    load = understander or _default_understander

    @app.command("chat")
    def chat_command(
        channel: str | None = typer.Option(
            None, help="Be this channel's assistant: only its orders are found"
        ),
        locale: str = typer.Option("en", help="Answer in this locale (English first)"),
        quiet: bool = typer.Option(False, "--quiet", help="Do not show intent and confidence"),
    ) -> None:
        """Chat with the order assistant in the terminal, on the store in DATABASE_URL."""
        console = Console()
        try:
            model = load()
        except Exception as exc:
            console.print(f"[red]error:[/red] the assistant's model is not available: {exc}")
            raise typer.Exit(1) from None
        try:
            chat(
                lambda: console.input("[bold cyan]you>[/bold cyan] "),
                console,
                model,
                channel,
                locale,
                not quiet,
            )
        except Exception as exc:
            first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            console.print(f"[red]error:[/red] {escape(first)}")
            raise typer.Exit(1) from None
