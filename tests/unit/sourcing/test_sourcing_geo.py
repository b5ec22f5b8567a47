from ordermind.sourcing.geo import (
    PostalTable,
    haversine_km,
    load_country_centroids,
    load_postal_table,
    resolve_location,
)

GEONAMES_ROWS = [
    # country, code, place, admin1, code1, admin2, code2, admin3, code3, lat, lon, accuracy
    "GB\tCB2 1TN\tCambridge\tEngland\tENG\tCambridgeshire\t11\t\t\t52.2000\t0.1200\t6",
    "GB\tCB2 3QZ\tCambridge\tEngland\tENG\tCambridgeshire\t11\t\t\t52.2100\t0.1100\t6",
    "GB\tM1 1AE\tManchester\tEngland\tENG\tGreater Manchester\t\t\t\t53.4800\t-2.2400\t6",
    "DE\t10115\tBerlin\tBerlin\tBE\t\t\t\t\t52.5323\t13.3846\t4",
    "broken row without tabs",
    "DE\t99999\tNowhere\t\t\t\t\t\t\tnot-a-number\t1.0\t1",
]


def _table(tmp_path):
    path = tmp_path / "postal.txt"
    path.write_text("\n".join(GEONAMES_ROWS) + "\n", encoding="utf-8")
    return load_postal_table(path)


def test_london_to_paris_is_about_344_km():
    assert abs(haversine_km(51.5074, -0.1278, 48.8566, 2.3522) - 343.5) < 2


def test_geonames_dump_loads_and_skips_malformed_rows(tmp_path):
    table = _table(tmp_path)
    assert len(table) == 4
    assert table.lookup("de", "10115")[:2] == (52.5323, 13.3846)


def test_coordinates_on_the_address_win_over_every_table(tmp_path):
    loc = resolve_location("GB", "CB2 1TN", 51.0, -1.0, postal_table=_table(tmp_path))
    assert (loc.lat, loc.lon, loc.precision) == (51.0, -1.0, "exact")


def test_postal_code_resolves_ignoring_spaces_and_case(tmp_path):
    loc = resolve_location("gb", "cb21tn", postal_table=_table(tmp_path))
    assert (loc.lat, loc.lon, loc.precision, loc.country) == (52.2, 0.12, "postal", "GB")


def test_unknown_full_code_falls_back_to_its_postal_area(tmp_path):
    loc = resolve_location("GB", "CB2 9ZZ", postal_table=_table(tmp_path))
    assert loc.precision == "postal_area"
    assert abs(loc.lat - 52.205) < 1e-6  # mean of the two CB2 codes


def test_unknown_postal_code_falls_back_to_the_country_centroid():
    loc = resolve_location("FR", "75001", postal_table=PostalTable())
    centroids = load_country_centroids()
    assert loc.precision == "country"
    assert (loc.lat, loc.lon) == centroids["FR"]


def test_unknown_country_is_none_not_a_crash():
    assert resolve_location("XX", "123") is None
    assert resolve_location(None) is None
    assert resolve_location("", lat=None, lon=5.0) is None


def test_out_of_range_coordinates_are_not_trusted():
    loc = resolve_location("DE", lat=123.0, lon=5.0)
    assert loc.precision == "country"


def test_shipped_centroids_lie_inside_the_globe_and_cover_major_markets():
    centroids = load_country_centroids()
    assert {"GB", "DE", "FR", "US", "BR", "CN", "IN"} <= set(centroids)
    assert all(-90 <= la <= 90 and -180 <= lo <= 180 for la, lo in centroids.values())
