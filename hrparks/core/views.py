from django.shortcuts import redirect, render


def home(request):
    """Staff land on their menu; the public (not logged in) on the public portal."""
    if not request.user.is_authenticated:
        return redirect("portal:index")
    return render(request, "core/home.html")
