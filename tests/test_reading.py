"""The guarded reader of every input: regular files only, a byte limit, nesting bounded."""

from __future__ import annotations

import errno
import os
import socket
import time
from pathlib import Path

import pytest
import yaml

from pdrs_rules._reading import (
    BadJSONError,
    TooDeepError,
    TooLargeError,
    compose_yaml,
    json_too_deep,
    load_json,
    open_regular,
    read_limited,
)


class TestOpenRegular:
    def test_regular_file(self, tmp_path: Path) -> None:
        """A regular file opens for reading in binary."""
        path = tmp_path / "r.yaml"
        path.write_bytes(b"a: 1\n")
        with open_regular(path) as stream:
            assert stream.read() == b"a: 1\n"

    def test_directory(self, tmp_path: Path) -> None:
        """A directory is IsADirectoryError, as open() says it."""
        with pytest.raises(IsADirectoryError):
            open_regular(tmp_path)

    def test_named_pipe_does_not_wait(self, tmp_path: Path) -> None:
        """A named pipe with no writer is refused at once, where open() would wait for ever."""
        path = tmp_path / "pipe.yaml"
        os.mkfifo(path)
        started = time.monotonic()
        with pytest.raises(OSError, match=r"not a regular file \(a named pipe\)") as raised:
            open_regular(path)
        assert (raised.value.errno, raised.value.filename) == (errno.EINVAL, str(path))
        assert time.monotonic() - started < 5

    @pytest.mark.parametrize("device", ["/dev/zero", "/dev/null", "/dev/urandom"])
    def test_device_behind_a_link(self, tmp_path: Path, device: str) -> None:
        """A link to a device is a device: /dev/zero would otherwise be read for ever."""
        path = tmp_path / "r.yaml"
        path.symlink_to(device)
        with pytest.raises(OSError, match=r"not a regular file \(a device\)"):
            open_regular(path)

    def test_socket(self, tmp_path: Path) -> None:
        """A socket cannot be opened as a file at all."""
        path = tmp_path / "s.yaml"
        with socket.socket(socket.AF_UNIX) as server:
            server.bind(str(path))
            with pytest.raises(OSError, match="No such device or address"):
                open_regular(path)

    def test_missing(self, tmp_path: Path) -> None:
        """A missing file is FileNotFoundError."""
        with pytest.raises(FileNotFoundError):
            open_regular(tmp_path / "gone.yaml")


class TestReadLimited:
    def test_at_the_limit(self, tmp_path: Path) -> None:
        """A file of exactly the limit is read whole."""
        path = tmp_path / "f"
        path.write_bytes(b"x" * 10)
        assert read_limited(path, 10) == b"x" * 10

    def test_one_byte_over(self, tmp_path: Path) -> None:
        """One byte over the limit is TooLargeError with the size and the limit."""
        path = tmp_path / "f"
        path.write_bytes(b"x" * 11)
        with pytest.raises(TooLargeError) as raised:
            read_limited(path, 10)
        assert (raised.value.size, raised.value.limit) == (11, 10)
        assert str(raised.value) == "the file is 11 bytes; the limit is 10"

    def test_reported_size_refused_unread(self, tmp_path: Path) -> None:
        """A (sparse) file that reports 3 GB is refused from its size, not read."""
        path = tmp_path / "f"
        with path.open("wb") as stream:
            stream.truncate(3_000_000_000)
        with pytest.raises(TooLargeError) as raised:
            read_limited(path, 10)
        assert raised.value.size == 3_000_000_000

    def test_reported_size_not_trusted_when_small(self) -> None:
        """A file in /proc reports 0 bytes; what it holds is read, and counted, all the same."""
        status = Path("/proc/self/status")
        if not status.exists():  # pragma: no cover - not Linux
            pytest.skip("no /proc")
        assert status.stat().st_size == 0
        assert read_limited(status, 1_000_000).startswith(b"Name:")
        with pytest.raises(TooLargeError) as raised:
            read_limited(status, 10)
        assert raised.value.size == 11  # the limit plus the one byte that was read to know it


class TestComposeYaml:
    @pytest.mark.parametrize(("depth", "refused"), [(5, False), (6, True)])
    def test_depth_limit(self, depth: int, refused: bool) -> None:
        """A scalar 5 items below the root is within a limit of 5; at 6 it is refused."""
        text = "[" * depth + "1" + "]" * depth
        if refused:
            with pytest.raises(TooDeepError) as raised:
                compose_yaml(text, 5)
            # The scalar 1 is the 6th item down, at column 7 (0-based 6).
            assert raised.value.problem_mark is not None
            assert (raised.value.limit, raised.value.problem_mark.column) == (5, 6)
        else:
            node = compose_yaml(text, 5)
            assert isinstance(node, yaml.SequenceNode)

    def test_hostile_depth_is_refused_quickly(self) -> None:
        """100 KB of '[' and 400 block levels stop at the limit, with no RecursionError."""
        block = "".join(f"{'  ' * i}k{i}:\n" for i in range(400))
        for text in ("[" * 100_000, block):
            with pytest.raises(TooDeepError):
                compose_yaml(text, 50)

    def test_aliases_are_recorded_and_left_null(self) -> None:
        """With a list for them, aliases are noted (line 2) and composed as null, not copied."""
        aliases: list[yaml.Mark] = []
        node = compose_yaml("a: &x [1, 2]\nb: *x\n", 50, aliases=aliases)
        assert isinstance(node, yaml.MappingNode)
        assert [mark.line for mark in aliases] == [1]
        assert node.value[1][1].tag == "tag:yaml.org,2002:null"

    def test_empty_document(self) -> None:
        """An empty document is None."""
        assert compose_yaml("# nothing\n", 50) is None


class TestJson:
    def test_depth_scan_skips_strings(self) -> None:
        """Brackets inside strings do not count; the third '[' of [[[ is past a limit of 2."""
        assert json_too_deep('["[[[[", {"a": "]]]"}]', 2) is None
        assert json_too_deep("[[[1]]]", 2) == 2

    @pytest.mark.parametrize(
        ("text", "message", "line", "column"),
        [
            ("[NaN]", "NaN is not a number JSON allows", 1, 2),
            ('{\n "a": -Infinity}', "-Infinity is not a number JSON allows", 2, 7),
            ("[" + "1" * 31 + "]", "a number has 31 digits, more than 30", 1, 2),
            ("[1,]", "Expecting value", 1, 4),
            ("[[[[1]]]]", "nested deeper than 3 levels", 1, 4),
        ],
    )
    def test_refused(self, text: str, message: str, line: int, column: int) -> None:
        """NaN, infinities, long integers, syntax and depth: BadJSONError, located."""
        with pytest.raises(BadJSONError) as raised:
            load_json(text, 3)
        assert (raised.value.message, raised.value.line, raised.value.column) == (
            message,
            line,
            column,
        )

    def test_accepted(self) -> None:
        """Integers of 30 digits and ordinary floats are read as json reads them."""
        assert load_json("[" + "9" * 30 + ", 2.5]", 3) == [int("9" * 30), 2.5]
