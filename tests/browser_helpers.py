"""What every browser test shares: Debian's Chromium and how it is started (no network, no sandbox)."""

import os
import shutil

CHROMIUM = os.environ.get("CALLPREP_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--autoplay-policy=no-user-gesture-required",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


CONTRAST_JS = """
([selectors, visibleOnly]) => {
  const lum = (rgb) => {
    const [r, g, b] = rgb.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number).map(v => {
      v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const background = (el) => {
    while (el) {
      const bg = getComputedStyle(el).backgroundColor;
      if (bg && !bg.endsWith(", 0)") && bg !== "transparent") return bg;
      el = el.parentElement;
    }
    return "rgb(255, 255, 255)";
  };
  const out = {};
  for (const sel of selectors) {
    const el = document.querySelector(sel);
    if (visibleOnly && (!el || !el.checkVisibility())) continue;
    const a = lum(getComputedStyle(el).color), b = lum(background(el));
    out[sel] = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  }
  return out;
}
"""


def contrast(page, selectors, visible_only=False) -> dict[str, float]:
    """WCAG contrast ratio of the first element of each selector against its background. Without
    ``visible_only`` a missing element is an error; with it, missing or hidden ones are left out."""
    return page.evaluate(CONTRAST_JS, [list(selectors), visible_only])
