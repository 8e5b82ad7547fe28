"""British National Grid (EPSG:27700) easting and northing to WGS84 longitude and latitude, in
DuckDB SQL, so mapped files with grid references import in the same single DuckDB pass.

Ordnance Survey's inverse transverse Mercator on the Airy 1830 ellipsoid (the meridian arc
solved by six fixed steps), then the published seven-parameter Helmert shift to WGS84 (the same
as pyproj's EPSG:27700 without grid files: a few metres, well inside a 250 m hotspot cell).
Intermediate values are bound with one-element list lambdas, so no expression is repeated.
"""

import math

AIRY_A, AIRY_B = 6377563.396, 6356256.909
F0 = 0.9996012717
LAT0, LON0 = math.radians(49), math.radians(-2)
E0, N0 = 400000.0, -100000.0
WGS84_A, WGS84_B = 6378137.0, 6356752.314245
# OSGB36 -> WGS84, position-vector convention: metres, arc-seconds, parts per million.
TX, TY, TZ = 446.448, -125.157, 542.060
RX, RY, RZ = (math.radians(s / 3600) for s in (0.1502, 0.2470, 0.8421))
SCALE = -20.4894e-6
EASTING_RANGE = (0.0, 700000.0)
NORTHING_RANGE = (0.0, 1300000.0)


def _let(value: str, name: str, body: str) -> str:
    """`body` with `name` bound to `value`, evaluated once."""
    return f"list_transform([{value}], lambda {name}: {body})[1]"


def _meridian_arc(phi: str) -> str:
    n = (AIRY_A - AIRY_B) / (AIRY_A + AIRY_B)
    c1 = 1 + n + 5 / 4 * n**2 + 5 / 4 * n**3
    c2 = 3 * n + 3 * n**2 + 21 / 8 * n**3
    c3 = 15 / 8 * n**2 + 15 / 8 * n**3
    c4 = 35 / 24 * n**3
    return (
        f"({AIRY_B * F0!r} * ({c1!r} * ({phi} - {LAT0!r})"
        f" - {c2!r} * sin({phi} - {LAT0!r}) * cos({phi} + {LAT0!r})"
        f" + {c3!r} * sin(2 * ({phi} - {LAT0!r})) * cos(2 * ({phi} + {LAT0!r}))"
        f" - {c4!r} * sin(3 * ({phi} - {LAT0!r})) * cos(3 * ({phi} + {LAT0!r}))))"
    )


def wgs84_sql(easting: str, northing: str) -> tuple[str, str]:
    """DuckDB expressions (longitude, latitude) for two DOUBLE expressions in metres."""
    af0 = AIRY_A * F0
    e2 = 1 - AIRY_B**2 / AIRY_A**2
    # Footpoint latitude: six fixed steps of the OS iteration reach well under a millimetre.
    steps = [(f"(({northing}) - {N0!r}) / {af0!r} + {LAT0!r}", "p0")]
    for step in range(1, 7):
        prev = f"p{step - 1}"
        steps.append(
            (f"{prev} + (({northing}) - {N0!r} - {_meridian_arc(prev)}) / {af0!r}", f"p{step}")
        )
    nu = f"({af0!r} / sqrt(1 - {e2!r} * sin(f) ^ 2))"
    rho = f"({af0!r} * {1 - e2!r} / (1 - {e2!r} * sin(f) ^ 2) ^ 1.5)"
    # OSGB36 latitude and longitude as a two-element list [lat, lon] from footpoint f.
    osgb = _let(nu, "nu", _let(rho, "rho", _let(f"({easting}) - {E0!r}", "de", _osgb_body())))
    wrapped = _let("p6", "f", osgb)
    for value, name in reversed(steps):
        wrapped = _let(value, name, wrapped)
    helmert = _let(wrapped, "g", _helmert_body())
    return f"({helmert})[1]", f"({helmert})[2]"


def _osgb_body() -> str:
    t = "tan(f)"
    sec = "(1 / cos(f))"
    eta2 = "(nu / rho - 1)"
    vii = f"({t} / (2 * rho * nu))"
    viii = f"({t} / (24 * rho * nu ^ 3) * (5 + 3 * {t} ^ 2 + {eta2} - 9 * {t} ^ 2 * {eta2}))"
    ix = f"({t} / (720 * rho * nu ^ 5) * (61 + 90 * {t} ^ 2 + 45 * {t} ^ 4))"
    x = f"({sec} / nu)"
    xi = f"({sec} / (6 * nu ^ 3) * (nu / rho + 2 * {t} ^ 2))"
    xii = f"({sec} / (120 * nu ^ 5) * (5 + 28 * {t} ^ 2 + 24 * {t} ^ 4))"
    xiia = f"({sec} / (5040 * nu ^ 7) * (61 + 662 * {t} ^ 2 + 1320 * {t} ^ 4 + 720 * {t} ^ 6))"
    lat = f"(f - {vii} * de ^ 2 + {viii} * de ^ 4 - {ix} * de ^ 6)"
    lon = f"({LON0!r} + {x} * de - {xi} * de ^ 3 + {xii} * de ^ 5 - {xiia} * de ^ 7)"
    return f"[{lat}, {lon}]"


def _helmert_body() -> str:
    """[lon, lat] in WGS84 degrees from g = [lat, lon] in OSGB36 radians."""
    e2 = 1 - AIRY_B**2 / AIRY_A**2
    nu = f"({AIRY_A!r} / sqrt(1 - {e2!r} * sin(g[1]) ^ 2))"
    x = f"({nu} * cos(g[1]) * cos(g[2]))"
    y = f"({nu} * cos(g[1]) * sin(g[2]))"
    z = f"({nu} * {1 - e2!r} * sin(g[1]))"
    s1 = 1 + SCALE
    x2 = f"({TX!r} + {s1!r} * c[1] - {RZ!r} * c[2] + {RY!r} * c[3])"
    y2 = f"({TY!r} + {RZ!r} * c[1] + {s1!r} * c[2] - {RX!r} * c[3])"
    z2 = f"({TZ!r} - {RY!r} * c[1] + {RX!r} * c[2] + {s1!r} * c[3])"
    w2 = 1 - WGS84_B**2 / WGS84_A**2
    # Latitude from cartesian: three fixed-point steps from the spherical guess.
    q0 = f"atan2(w[3], sqrt(w[1] ^ 2 + w[2] ^ 2) * {1 - w2!r})"

    def step(q: str) -> str:
        return (
            f"atan2(w[3] + {w2!r} * ({WGS84_A!r} / sqrt(1 - {w2!r} * sin({q}) ^ 2)) * sin({q}),"
            f" sqrt(w[1] ^ 2 + w[2] ^ 2))"
        )

    lat = _let(q0, "q0", _let(step("q0"), "q1", _let(step("q1"), "q2", step("q2"))))
    result = f"[degrees(atan2(w[2], w[1])), degrees({lat})]"
    return _let(f"[{x}, {y}, {z}]", "c", _let(f"[{x2}, {y2}, {z2}]", "w", result))
