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
