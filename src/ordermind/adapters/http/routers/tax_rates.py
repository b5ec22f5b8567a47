"""Tax rates by ship-to country and tax class: admins set them, every role reads them
(a shop shows prices with the tax its customers pay)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from pydantic import Field, StrictInt

from ordermind.domain.catalog import TaxClass
from ordermind.domain.tax import MAX_RATE_BP, TaxRateTable
from ordermind.services import tax

from ..auth import Principal, require
from ..deps import json_response, principal, uow, write
from ..permissions import Perm
from ..schemas import Strict

router = APIRouter(prefix="/v1", tags=["tax"])
Country = Annotated[
    str,
    Path(
        min_length=2,
        max_length=7,
        description="ISO 3166-1 alpha-2 ship-to country, or `default` for the defaults",
    ),
]
BasisPoints = Annotated[StrictInt, Field(ge=0, le=MAX_RATE_BP)]


class TaxRatesIn(Strict):
    rates: dict[TaxClass, BasisPoints] = Field(
        description="basis points per tax class (2000 = 20 %); a class left out takes the "
        "default rate, and `{}` leaves the country wholly on the defaults"
    )


def _view(table: TaxRateTable) -> dict:
    return {
        "defaults": {str(c): bp for c, bp in table.defaults.items()},
        "countries": [
            {
                "country": country,
                "rates": {str(c): bp for c, bp in own.items()},
                "effective": {str(c): bp for c, bp in table.rates_for(country).items()},
            }
            for country, own in sorted(table.countries.items())
        ],
    }


@router.put("/tax-rates/{country}", summary="Set a ship-to country's tax rates (or the defaults)")
def put_tax_rates(
    country: Country, body: TaxRatesIn, request: Request, who: Principal = Depends(principal)
):
    require(who, Perm.TAX_WRITE)
    table = write(request, lambda work: tax.put_rates(work, country, body.rates, who.actor))
    return json_response(_view(table))


@router.get("/tax-rates", summary="List the tax rates: the defaults and each country's own")
def list_tax_rates(request: Request, who: Principal = Depends(principal)):
    require(who, Perm.TAX_READ)
    with uow(request, readonly=True) as work:
        table = work.tax_rates.table()
    return json_response(_view(table))
