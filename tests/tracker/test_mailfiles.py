"""The embedded default's mail: one .eml file per message, named by recipient and subject."""

import email

from django.core.mail import EmailMessage, get_connection

from tracker.mailfiles import PART_BYTES


def _send(tmp_path, *messages):
    connection = get_connection("tracker.mailfiles.EmailBackend", file_path=str(tmp_path))
    assert connection.send_messages(list(messages)) == len(messages)
    return sorted(tmp_path.iterdir())


def _message(subject, to="focal-tpcc@example.org"):
    return EmailMessage(subject=subject, body="…", from_email="tracker@localhost", to=[to])


def test_each_message_is_a_file_of_its_own_named_by_recipient_and_subject(tmp_path):
    files = _send(
        tmp_path,
        _message("Recommendation Tracker: 3 items need attention"),
        _message("Recommendation Tracker: 1 change to your items", to="Ama Mensah <ama@example.org>"),
    )
    names = sorted(f.name[16:] for f in files)  # after the timestamp
    assert names == [
        "ama@example.org-recommendation-tracker-1-change-to-your-items.eml",
        "focal-tpcc@example.org-recommendation-tracker-3-items-need-attention.eml",
    ]
    for file in files:
        parsed = email.message_from_bytes(file.read_bytes())
        assert parsed["Subject"].startswith("Recommendation Tracker") and file.name[16:].startswith(
            email.utils.parseaddr(parsed["To"])[1]
        )


def test_the_same_subject_to_the_same_person_twice_is_two_files(tmp_path):
    files = _send(tmp_path, _message("Digest"), _message("Digest"))
    assert len(files) == 2  # in the same second, the second is -2
    assert {f.name[16:] for f in files} <= {"focal-tpcc@example.org-digest.eml", "focal-tpcc@example.org-digest-2.eml"}
    assert all(email.message_from_bytes(f.read_bytes())["Subject"] == "Digest" for f in files)


def test_a_chinese_subject_keeps_its_words_and_a_long_one_is_cut(tmp_path):
    (chinese,) = _send(tmp_path, _message("建议跟踪系统：3 个项目需要关注"))
    assert chinese.name.endswith("-建议跟踪系统3-个项目需要关注.eml")
    (long,) = _send(tmp_path / "long", _message("需要关注" * 100))
    assert len(long.name.encode()) < 255 and len(long.name.encode()) <= 16 + 2 * PART_BYTES + 10


def test_a_subject_or_address_cannot_leave_the_folder_or_hide_the_file(tmp_path):
    files = _send(tmp_path, _message("../../etc/passwd", to="../..@example.org"))
    assert [f.parent for f in files] == [tmp_path]
    assert "/" not in files[0].name and not files[0].name.startswith(".")
