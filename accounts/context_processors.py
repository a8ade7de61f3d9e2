from accounts.navigation import menu_for


def navigation(request):
    """Put the menu the signed-in user's role allows into every page."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"menu": []}
    menu = menu_for(user, request.path)
    return {"menu": menu, "menu_pending": sum(item["count"] or 0 for item in menu)}
