"""Curved arcs between two points, computed in Python so the browser only draws lines."""

from __future__ import annotations

import numpy as np

# 12 segments draw a smooth curve at this map's zooms; each point costs payload.
ARC_SEGMENTS = 12
# How far the arc bows out, as a share of the chord length.
BEND = 0.18


def curved_arcs(
    start_lat: np.ndarray,
    start_lon: np.ndarray,
    end_lat: np.ndarray,
    end_lon: np.ndarray,
    segments: int = ARC_SEGMENTS,
) -> np.ndarray:
    """Quadratic Bezier curves, shape (n, segments + 1, 2) as [lon, lat] points.

    The control point sits off the chord's midpoint, always to the same side, so
    arcs to and from a place are told apart.
    """
    x0, y0 = np.asarray(start_lon, float), np.asarray(start_lat, float)
    x1, y1 = np.asarray(end_lon, float), np.asarray(end_lat, float)
    mx, my = (x0 + x1) / 2, (y0 + y1) / 2
    dx, dy = x1 - x0, y1 - y0
    cx, cy = mx - dy * BEND, my + dx * BEND
    t = np.linspace(0.0, 1.0, segments + 1)[None, :]
    a, b, c = (1 - t) ** 2, 2 * (1 - t) * t, t**2
    lon = a * x0[:, None] + b * cx[:, None] + c * x1[:, None]
    lat = a * y0[:, None] + b * cy[:, None] + c * y1[:, None]
    # Two decimals (about 1 km) is finer than a pixel at the zooms the map allows.
    return np.round(np.stack([lon, lat], axis=-1), 2)


def distance_deg(
    lat1: np.ndarray, lon1: np.ndarray, lat2: np.ndarray, lon2: np.ndarray
) -> np.ndarray:
    """Rough planar distance in degrees, enough to drop arcs that would be dots."""
    return np.hypot(np.asarray(lat2) - np.asarray(lat1), np.asarray(lon2) - np.asarray(lon1))
