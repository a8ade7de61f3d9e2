"""OpenAPI: the error responses every operation may give, documented once (drf-spectacular hook)."""

ERROR = {
    "type": "object",
    "description": "Lỗi: thông điệp tiếng Việt; với lỗi nghiệp vụ có thêm mã (code) và chi tiết.",
    "properties": {"detail": {"type": "string"}, "code": {"type": "string"}},
    "required": ["detail"],
    "additionalProperties": True,
}
VALIDATION_ERROR = {
    "type": "object",
    "description": "Dữ liệu không hợp lệ: mỗi trường (hoặc non_field_errors, file…) kèm danh sách thông điệp, "
                   "hoặc detail với lỗi nghiệp vụ.",
    "additionalProperties": True,
}
STANDARD = {
    "400": ("Dữ liệu không hợp lệ hoặc bị quy tắc nghiệp vụ từ chối.", "ValidationError"),
    "401": ("Chưa đăng nhập (Token hoặc phiên).", "Error"),
    "403": ("Vai trò hoặc địa bàn không được phép.", "Error"),
    "404": ("Không có, hoặc nằm ngoài địa bàn của bạn.", "Error"),
}
WRITE_ONLY = {
    "409": ("Trạng thái hiện tại không cho phép thao tác này (hoặc đã có bản ghi trùng).", "Error"),
}
THROTTLED = {"429": ("Đăng nhập sai quá nhiều lần: tạm khoá.", "Error")}


def add_error_responses(result, generator, request, public):
    """Add the standard error responses to every operation that does not document its own."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("Error", ERROR)
    schemas.setdefault("ValidationError", VALIDATION_ERROR)
    for path, item in result.get("paths", {}).items():
        for method, operation in item.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            responses = operation.setdefault("responses", {})
            extra = dict(STANDARD)
            if method != "get":
                extra.update(WRITE_ONLY)
            if path.endswith("/auth/token/"):
                extra.update(THROTTLED)
            for code, (description, schema) in extra.items():
                responses.setdefault(code, {
                    "description": description,
                    "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
                })
    return result
