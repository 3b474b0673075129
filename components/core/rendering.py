"""Render folium elements without compiling their output as Jinja templates.

branca's ``MacroElement.render`` wraps each rendered piece of an element (its header,
html and script) in ``Element(text)``, and ``Element.__init__`` compiles that text as a
new Jinja template, only to render it back to itself later. On this map that was 45
compilations per rerun, the largest of them the GeoJSON data of each layer: about 40% of
what building the map's arguments cost. :class:`PreRendered` keeps the text as it is.

Mix :class:`RenderOnce` into an element class *after* the folium class, so folium's own
``render`` steps (class includes, the layer control's bookkeeping) still run first:

>>> class Control(folium.LayerControl, RenderOnce): ...

folium's ``Layer.render`` adds an ``ElementAddToElement`` child, which branca renders the
usual way; layer classes call :func:`render_layer` from their own ``render`` instead.
"""

from __future__ import annotations

from typing import Any

from branca.element import Element, Figure, MacroElement
from folium.elements import ElementAddToElement


class PreRendered(Element):
    """Text that is already rendered: kept as it is, never compiled as a template."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "PreRendered"
        self.text = text

    def render(self, **kwargs: Any) -> str:  # noqa: ARG002 (Element's signature)
        return self.text


class RenderOnce(MacroElement):
    """``MacroElement.render`` with each rendered part kept as :class:`PreRendered` text."""

    def render(self, **kwargs: Any) -> None:
        figure = self.get_root()
        assert isinstance(figure, Figure), (
            "You cannot render this Element if it is not in a Figure."
        )
        macros = self._template.module.__dict__
        for part, target in (
            ("header", figure.header),
            ("html", figure.html),
            ("script", figure.script),
        ):
            macro = macros.get(part)
            if macro is not None:
                target.add_child(PreRendered(macro(self, kwargs)), name=self.get_name())
        for element in list(self._children.values()):
            element.render(**kwargs)


class AddToParent(ElementAddToElement, RenderOnce):
    """folium's ``x.addTo(parent)`` line, not compiled as a template."""


def render_layer(layer: Any, **kwargs: Any) -> None:
    """What folium's ``Layer.render`` does, without compiling anything.

    For folium ``Layer`` subclasses that mix in :class:`RenderOnce` and have no class
    includes (feature groups, GeoJSON and tile layers).
    """
    if layer.show:
        layer.add_child(
            AddToParent(layer.get_name(), layer._parent.get_name()),
            name=layer.get_name() + "_add",
        )
    RenderOnce.render(layer, **kwargs)
