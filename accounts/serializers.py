from rest_framework import serializers

from .models import Account, SubAccount, User


class MeSerializer(serializers.ModelSerializer):
    role = serializers.CharField(read_only=True, allow_null=True)
    account = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = User
        fields = ["username", "role", "account"]


class SubAccountInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    account = serializers.PrimaryKeyRelatedField(
        queryset=Account.objects.all(), required=False, help_text="Staff only; customers always get their own."
    )


class SubAccountSerializer(serializers.ModelSerializer):
    friendly_name = serializers.CharField(read_only=True)

    class Meta:
        model = SubAccount
        fields = ["id", "account", "name", "friendly_name", "created_at"]
        read_only_fields = ["id", "created_at"]
