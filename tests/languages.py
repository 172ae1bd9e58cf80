"""Short news paragraphs in languages the analysis does not support, and helpers for long inputs."""

from __future__ import annotations

from pathlib import Path

KOREAN = (
    "서울시는 월요일 새로운 대중교통 정책을 발표했다. 오세훈 시장은 기자회견에서 이 정책이 "
    "출퇴근 시간의 교통 체증을 크게 줄일 것이라고 말했다. 시 관계자에 따르면 버스 노선 40개가 "
    "다음 달부터 조정되며, 지하철 운행 간격도 평균 2분 단축된다. 일부 시민단체는 예산 부족을 "
    "이유로 정책의 실효성에 의문을 제기했다.\n"
)

ARABIC = (
    "قال مسؤولون في وزارة الصحة يوم الأحد إن أربعين شخصا لقوا حتفهم في الهجوم على الميناء، "
    "وأضافوا أن فرق الإنقاذ ما زالت تبحث عن ناجين تحت الأنقاض. وذكرت وكالة الأنباء الرسمية أن "
    "الحكومة أعلنت الحداد ثلاثة أيام، بينما دعت الأمم المتحدة إلى تحقيق مستقل في ملابسات الحادث.\n"
)


def one_line_text(source: Path, size: int) -> str:
    """A real article's sentences on one line, repeated until it is over ``size`` characters."""
    words = " ".join(source.read_text("utf-8").split())
    return (words + " ") * (size // len(words) + 1)
