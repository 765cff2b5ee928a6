"""Choices of the people registry (glossary names in code, Vietnamese in the UI)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    MALE = "male", _("Nam")
    FEMALE = "female", _("Nữ")


class Category(models.TextChoices):
    """Categories a person holds over time (several at once are possible)."""

    ILLEGAL_USER = "illegal_user", _("Người sử dụng trái phép chất ma túy")
    ADDICT = "addict", _("Người nghiện ma túy")
    REHAB_VOLUNTARY_HOME = "rehab_home", _("Cai nghiện tự nguyện tại gia đình, cộng đồng")
    REHAB_VOLUNTARY_FACILITY = "rehab_facility", _("Cai nghiện tự nguyện tại cơ sở")
    REHAB_COMPULSORY = "rehab_compulsory", _("Cai nghiện bắt buộc")
    POST_REHAB = "post_rehab", _("Quản lý sau cai nghiện")
    METHADONE = "methadone", _("Điều trị nghiện bằng thuốc thay thế (methadone)")
    HIGH_RISK = "high_risk", _("Người có nguy cơ cao (thanh thiếu niên có hoàn cảnh đặc biệt)")
    DEALER = "dealer", _("Đối tượng mua bán trái phép chất ma túy")
    SUSPECTED_DEALER = "suspected_dealer", _("Nghi vấn mua bán trái phép chất ma túy")
    DRIVER_USING = "driver_using", _("Người điều khiển phương tiện sử dụng ma túy")


class EpisodeKind(models.TextChoices):
    """Management measures (Law 73/2021/QH14 and decrees; see durations.py for the articles)."""

    USER_MANAGEMENT = "user_management", _("Quản lý người sử dụng trái phép chất ma túy")
    ADDICTION_DETERMINATION = "addiction_determination", _("Xác định tình trạng nghiện")
    REHAB_HOME = "rehab_home", _("Cai nghiện tự nguyện tại gia đình, cộng đồng")
    REHAB_FACILITY = "rehab_facility", _("Cai nghiện tự nguyện tại cơ sở cai nghiện")
    COMPULSORY_DOSSIER = "compulsory_dossier", _("Lập hồ sơ đề nghị áp dụng cai nghiện bắt buộc")
    COMPULSORY_REHAB = "compulsory_rehab", _("Cai nghiện bắt buộc tại cơ sở")
    POST_REHAB = "post_rehab", _("Quản lý sau cai nghiện tại nơi cư trú")
    METHADONE = "methadone", _("Điều trị thay thế bằng methadone")


class EpisodeStatus(models.TextChoices):
    ACTIVE = "active", _("Đang thực hiện")
    COMPLETED = "completed", _("Hoàn thành")
    STOPPED = "stopped", _("Dừng trước thời hạn")
    RESTARTED = "restarted", _("Tính lại thời hạn (tái sử dụng)")
    TRANSFERRED = "transferred", _("Chuyển nơi cư trú")
    CANCELLED = "cancelled", _("Hủy (nhập nhầm)")


class SupervisorKind(models.TextChoices):
    GRASSROOTS_SECURITY = "grassroots_security", _("Lực lượng bảo vệ an ninh, trật tự ở cơ sở")
    VETERAN = "veteran", _("Cựu chiến binh")
    RETIRED_POLICE = "retired_police", _("Công an nghỉ hưu")
    INTER_FAMILY = "inter_family", _("Tổ liên gia")
    RELATIVE = "relative", _("Người thân trong gia đình")
    MASS_ORGANISATION = "mass_org", _("Đoàn thể (MTTQ, Hội Phụ nữ, Đoàn Thanh niên…)")
    POLICE_OFFICER = "police_officer", _("Cán bộ Công an xã, phường")
    OTHER = "other", _("Khác")


class ContactForm(models.TextChoices):
    HOME_VISIT = "home_visit", _("Đến nhà")
    SUMMONS = "summons", _("Mời lên trụ sở")
    PHONE = "phone", _("Điện thoại")
    MEETING = "meeting", _("Gặp tại nơi làm việc, học tập")
    OTHER = "other", _("Khác")


class TestReason(models.TextChoices):
    PERIODIC = "periodic", _("Định kỳ")
    RANDOM = "random", _("Đột xuất")
    SUSPICION = "suspicion", _("Có dấu hiệu nghi vấn")
    METHADONE = "methadone", _("Người điều trị methadone")
    DETECTION = "detection", _("Phát hiện sử dụng")


class TestMethod(models.TextChoices):
    QUICK_KIT = "quick_kit", _("Que thử nhanh")
    LAB = "lab", _("Xét nghiệm tại phòng thí nghiệm")


class TestResult(models.TextChoices):
    POSITIVE = "positive", _("Dương tính")
    NEGATIVE = "negative", _("Âm tính")
    INVALID = "invalid", _("Không xác định")


class SupportKind(models.TextChoices):
    COUNSELLING = "counselling", _("Tư vấn")
    MEDICAL = "medical", _("Can thiệp y tế")
    PSYCHOLOGICAL = "psychological", _("Hỗ trợ tâm lý")
    LEGAL_AID = "legal_aid", _("Trợ giúp pháp lý")
    VOCATIONAL = "vocational", _("Đào tạo nghề")
    JOB_PLACEMENT = "job_placement", _("Giới thiệu việc làm")
    SOCIAL_ALLOWANCE = "social_allowance", _("Trợ cấp xã hội")
    LOAN = "loan", _("Hỗ trợ vay vốn")


class TransferStatus(models.TextChoices):
    PENDING = "pending", _("Chờ tiếp nhận")
    ACCEPTED = "accepted", _("Đã tiếp nhận")
    REFUSED = "refused", _("Từ chối")
    CANCELLED = "cancelled", _("Đã hủy")


class TransferDirection(models.TextChoices):
    HANDOVER = "handover", _("Bàn giao cho nơi cư trú mới")
    REQUEST = "request", _("Đề nghị nơi đang quản lý chuyển giao")


class ReconciliationOutcome(models.TextChoices):
    CONFIRMED = "confirmed", _("Đúng thực tế")
    CORRECTED = "corrected", _("Đã sửa thông tin")
    NOT_FOUND = "not_found", _("Không có mặt tại địa phương")
    MOVED = "moved", _("Đã chuyển đi")
    DECEASED = "deceased", _("Đã chết")
    IMPRISONED = "imprisoned", _("Đang chấp hành án phạt tù")
