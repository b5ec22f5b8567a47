"""Use cases. Each runs in one unit of work; none of them commits on its own behalf
except through `uow.commit()` at its end, so a failure leaves nothing behind."""
