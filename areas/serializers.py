from rest_framework import serializers

from areas.models import Area, LegacyArea


class AreaSerializer(serializers.ModelSerializer):
    parent = serializers.CharField(source="parent.code", read_only=True, allow_null=True, default=None)

    class Meta:
        model = Area
        fields = ("code", "name", "level", "kind", "parent", "is_urban", "is_active")
        read_only_fields = fields


class LegacyAreaSerializer(serializers.ModelSerializer):
    parent = serializers.CharField(source="parent.code", read_only=True, allow_null=True, default=None)
    successors = serializers.SerializerMethodField()

    class Meta:
        model = LegacyArea
        fields = ("code", "name", "level", "kind", "parent", "successors")
        read_only_fields = fields

    def get_successors(self, obj) -> list[dict]:
        return [
            {"area": s.area.code, "name": s.area.name, "is_partly_merged": s.is_partly_merged}
            for s in obj.successions.all()
        ]
