"""A browser context that blocks and records every request to another origin (privacy tests)."""


def guarded_context(browser, **options):
    context = browser.new_context(**options)
    external = []

    def guard(route):
        url = route.request.url
        if url.startswith(("http://127.0.0.1", "data:", "blob:")):
            route.continue_()
        else:
            external.append(url)
            route.abort()

    context.route("**/*", guard)
    context.external_requests = external
    return context


# Brings the element's part of the result on screen and waits two frames: the browser renders a
# part when it comes near the screen.
_ON_SCREEN = """(element) => new Promise((resolve) => {
    (element.closest("#sim-resultat > [data-partie]") || element).scrollIntoView({ block: "start" });
    requestAnimationFrame(() => requestAnimationFrame(resolve));
})"""


def shown_text(locator):
    """The text of locator as the person reads it on the screen. Brought on screen first: the parts
    of the simulator's result off screen are not rendered (content-visibility: auto, simulateur.css)
    and have no innerText until they come near the screen."""
    locator.evaluate(_ON_SCREEN)
    return locator.inner_text()


def render_every_part(page):
    """Renders every part of the simulator's result as if it were on screen, for a tool that looks at
    the whole page at once (axe, a full-page screenshot): a person sees each part rendered as it
    comes near the screen (content-visibility: auto, simulateur.css)."""
    page.evaluate("""() => new Promise((resolve) => {
        document.querySelectorAll("#sim-resultat > [data-partie]").forEach((part) => { part.style.contentVisibility = "visible"; });
        requestAnimationFrame(() => requestAnimationFrame(resolve));
    })""")
