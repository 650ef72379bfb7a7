# The screen as a person sees it, for a window the WebDriver session no longer reaches: saves
# the X display to a PNG and prints how many of its pixels are exactly the colour r g b.
import sys
import gi
gi.require_version("Gdk", "3.0")
from gi.repository import Gdk

out, r, g, b = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
root = Gdk.get_default_root_window()
shot = Gdk.pixbuf_get_from_window(root, 0, 0, root.get_width(), root.get_height())
shot.savev(out, "png", [], [])
step = shot.get_n_channels()
pixels = shot.get_pixels()
stride = shot.get_rowstride()
wanted = bytes((r, g, b))
count = 0
for row in range(shot.get_height()):
    line = pixels[row * stride : row * stride + shot.get_width() * step]
    count += sum(1 for at in range(0, len(line), step) if line[at : at + 3] == wanted)
print(count)
