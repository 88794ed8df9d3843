from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import validated_input

from . import services
from .models import SubAccount
from .permissions import HasRole
from .serializers import MeSerializer, SubAccountInputSerializer, SubAccountSerializer


class MeView(APIView):
    permission_classes = [HasRole]

    @extend_schema(responses=MeSerializer)
    def get(self, request):
        return Response(MeSerializer(request.user).data)


class SubAccountViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Sub-accounts the caller may see: a customer's own, or all for staff."""

    serializer_class = SubAccountSerializer
    permission_classes = [HasRole]

    def get_queryset(self):
        return SubAccount.objects.visible_to(self.request.user).select_related("account")

    @extend_schema(request=SubAccountInputSerializer, responses={201: SubAccountSerializer})
    def create(self, request, *args, **kwargs):
        data = validated_input(SubAccountInputSerializer, request)
        sub_account = services.sub_account_create(actor=request.user, name=data["name"], account=data.get("account"))
        return Response(self.get_serializer(sub_account).data, status=status.HTTP_201_CREATED)
