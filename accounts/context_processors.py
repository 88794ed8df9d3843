def role(request):
    user = getattr(request, "user", None)
    return {"role": getattr(user, "role", None) if user is not None else None}
