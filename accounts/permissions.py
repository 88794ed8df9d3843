"""Role checks for pages (mixins) and the API (DRF permission classes)."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from rest_framework.permissions import BasePermission


class _RolePageMixin(LoginRequiredMixin):
    def allowed(self, user) -> bool:  # pragma: no cover - overridden
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not self.allowed(request.user):
            raise PermissionDenied("Your role cannot open this page.")
        return super().dispatch(request, *args, **kwargs)


class StaffRequiredMixin(_RolePageMixin):
    def allowed(self, user) -> bool:
        return user.is_staff_role


class ManagerRequiredMixin(_RolePageMixin):
    def allowed(self, user) -> bool:
        return user.is_manager


class CustomerRequiredMixin(_RolePageMixin):
    def allowed(self, user) -> bool:
        return user.is_customer


class SignedInRoleMixin(_RolePageMixin):
    """Any user with a role (staff or customer)."""

    def allowed(self, user) -> bool:
        return user.role is not None


class IsStaffRole(BasePermission):
    message = "Only compliance staff (analysts and managers) may do this."

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and request.user.is_staff_role)


class IsManager(BasePermission):
    message = "Only managers may do this."

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and request.user.is_manager)


class IsCustomer(BasePermission):
    message = "Only customer users may do this."

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and request.user.is_customer)


class HasRole(BasePermission):
    message = "Your user has no role in the portal."

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and request.user.role)


def role_required(request, *, staff: bool = False, customer: bool = False):
    """For function views: a redirect to sign in, a 403 (raised) for the wrong role, or None to go on."""
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if user.role is None or (staff and not user.is_staff_role) or (customer and not user.is_customer):
        raise PermissionDenied("Your role cannot open this page.")
    return None
