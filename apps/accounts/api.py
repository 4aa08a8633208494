from django.contrib.auth import password_validation
from django.contrib.auth.signals import user_logged_in
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import filters, mixins, serializers, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from apps.core.api import RulePermission

from .models import User


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    role = serializers.CharField()
    department = serializers.IntegerField(source="department_id", allow_null=True)


class TokenThrottle(AnonRateThrottle):
    rate = "30/min"


class ObtainTokenView(APIView):
    """Exchange a username (or NIP) and password for an API token: `Authorization: Token <token>`."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [TokenThrottle]

    @extend_schema(
        request=inline_serializer(
            "TokenRequest", {"username": serializers.CharField(), "password": serializers.CharField()}
        ),
        responses={200: inline_serializer("TokenResponse", {"token": serializers.CharField()})},
    )
    def post(self, request):
        serializer = AuthTokenSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        token, _ = Token.objects.get_or_create(user=user)
        user_logged_in.send(sender=type(user), request=request, user=user)  # a sign-in, in the audit trail
        return Response({"token": token.key})


class MeView(APIView):
    """Who the caller is: username, role and department (id or null)."""

    @extend_schema(responses=MeSerializer)
    def get(self, request):
        return Response(MeSerializer(request.user).data)


class UserSerializer(serializers.ModelSerializer):
    password = serializers.CharField(write_only=True, required=False, style={"input_type": "password"})

    class Meta:
        model = User
        fields = ["id", "username", "first_name", "last_name", "email", "role", "department", "is_active", "password"]

    def validate(self, attrs):
        user = self.instance or User()
        password = attrs.pop("password", None)
        for name, value in attrs.items():
            setattr(user, name, value)
        if self.instance is None and not password:
            raise serializers.ValidationError({"password": [_("A new account needs a password.")]})
        try:
            user.full_clean(exclude=["password"], validate_unique=False, validate_constraints=False)
            if password:
                password_validation.validate_password(password, user)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(
                exc.message_dict if hasattr(exc, "error_dict") else {"password": exc.messages}
            ) from exc
        if password:
            attrs["password"] = password
        return attrs

    def create(self, validated_data):
        password = validated_data.pop("password")
        user = User(**validated_data)
        user.set_password(password)
        user.save()
        return user

    def update(self, instance, validated_data):
        password = validated_data.pop("password", None)
        for name, value in validated_data.items():
            setattr(instance, name, value)
        if password:
            instance.set_password(password)
        instance.save()
        return instance


class UserViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Accounts: the admin creates them, sets their role and department, deactivates them."""

    serializer_class = UserSerializer
    permission_classes = [RulePermission]
    read_permission = write_permission = "accounts.manage"
    queryset = User.objects.order_by("username")
    filter_backends = [filters.SearchFilter]
    search_fields = ["username", "first_name", "last_name"]
