"""Response headers every page carries: content type, referrer, framing, the Content
Security Policy (a looser one for Wagtail's admin) and the Permissions Policy. Read by
Django's and Rumo's middleware (``lms.core.middleware``); nothing here reads the
environment."""

from csp.constants import NONE, SELF, UNSAFE_INLINE

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Wagtail's admin shows page previews in a frame of its own origin; nothing else frames Rumo.
X_FRAME_OPTIONS = "SAMEORIGIN"
# Learner and facilitator pages: only Rumo's own files, no inline script or style at all
# (the project's JavaScript is static ES modules opted in by data- attributes).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "media-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    },
}
# Wagtail's admin (its editors, choosers and the page previews under /admin/) still uses
# inline scripts and styles, data: images and blob: media.
RUMO_ADMIN_PATH = "/admin/"
RUMO_ADMIN_CSP = {
    **CONTENT_SECURITY_POLICY["DIRECTIVES"],
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:"],
    "media-src": [SELF, "blob:"],
    "font-src": [SELF, "data:"],
    "base-uri": [SELF],
}
# Nothing Rumo does needs the camera, microphone, location, payments or devices; the
# facilitator's session mode goes full screen for the projector.
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "bluetooth": [],
    "browsing-topics": [],
    "camera": [],
    "display-capture": [],
    "fullscreen": ["self"],
    "geolocation": [],
    "gyroscope": [],
    "hid": [],
    "idle-detection": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "serial": [],
    "usb": [],
    "xr-spatial-tracking": [],
}
