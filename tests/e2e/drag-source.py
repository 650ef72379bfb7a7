# A drag source for the photo tests: a small window at (x, y) that offers one file as
# text/uri-list, as a file manager does, so a real drag and drop reaches the app (XDND).
import sys
import gi
gi.require_version("Gtk", "3.0")
from gi.repository import Gtk, Gdk

path, x, y = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
window = Gtk.Window(title="drag-source")
window.set_decorated(False)
window.set_default_size(120, 60)
window.move(x, y)
button = Gtk.Button(label="photo")
button.drag_source_set(Gdk.ModifierType.BUTTON1_MASK, [], Gdk.DragAction.COPY)
button.drag_source_add_uri_targets()
def on_get(widget, context, data, info, time):
    data.set_uris(["file://" + path])
button.connect("drag-data-get", on_get)
window.add(button)
window.connect("destroy", Gtk.main_quit)
window.show_all()
window.set_keep_above(True)
print("ready", flush=True)
Gtk.main()
