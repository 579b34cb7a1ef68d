#!/usr/bin/env python3
"""Reads TensorBoard event files independently of bml's Java writer and prints their summaries as JSON.

Usage: read_tfevents.py FILE...

Checks every TFRecord's length CRC and data CRC itself (a table-driven CRC-32C written here), checks that each file
starts with a "brain.Event:" file-version event, and prints one JSON list of
{"file", "step", "wall_time", "tag", "value"} (scalars) or {..., "text"} (text summaries) to stdout.
A damaged file exits with status 2 and says what is wrong, where, on stderr.

The messages are built at run time from descriptors declared below with TensorBoard's published field numbers
(tensorflow/tensorboard, tensorboard/compat/proto/{event,summary,tensor,tensor_shape,types}.proto): no protoc, and
nothing shared with the Java code. Needs Debian's python3-protobuf.
"""

import json
import struct
import sys

from google.protobuf import descriptor_pb2, descriptor_pool, message, message_factory

F = descriptor_pb2.FieldDescriptorProto
DT_STRING = 7  # types.proto, enum DataType
TEXT_PLUGIN = "text"


class DamagedFile(Exception):
    pass


# ---- CRC-32C (Castagnoli), reflected polynomial 0x82F63B78, one table lookup per byte ----

def _crc_table():
    table = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0x82F63B78 if crc & 1 else crc >> 1
        table.append(crc)
    return table


_TABLE = _crc_table()


def crc32c(data):
    crc = 0xFFFFFFFF
    for byte in data:
        crc = _TABLE[(crc ^ byte) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


def masked_crc32c(data):
    crc = crc32c(data)
    return ((((crc >> 15) | (crc << 17)) & 0xFFFFFFFF) + 0xA282EAD8) & 0xFFFFFFFF


# ---- message classes from hand-written descriptors ----

def _field(message, name, number, kind, label=F.LABEL_OPTIONAL, type_name=None):
    field = message.field.add(name=name, number=number, type=kind, label=label)
    if type_name:
        field.type_name = type_name


def _message_classes():
    file = descriptor_pb2.FileDescriptorProto(name="bml_read_tfevents.proto", package="tensorboard",
                                              syntax="proto3")

    dim = descriptor_pb2.DescriptorProto(name="Dim")
    _field(dim, "size", 1, F.TYPE_INT64)
    shape = file.message_type.add(name="TensorShapeProto")
    shape.nested_type.append(dim)
    _field(shape, "dim", 2, F.TYPE_MESSAGE, F.LABEL_REPEATED, ".tensorboard.TensorShapeProto.Dim")

    tensor = file.message_type.add(name="TensorProto")
    _field(tensor, "dtype", 1, F.TYPE_INT32)  # an enum in tensor.proto: the same varint on the wire
    _field(tensor, "tensor_shape", 2, F.TYPE_MESSAGE, type_name=".tensorboard.TensorShapeProto")
    _field(tensor, "string_val", 8, F.TYPE_BYTES, F.LABEL_REPEATED)

    plugin_data = descriptor_pb2.DescriptorProto(name="PluginData")
    _field(plugin_data, "plugin_name", 1, F.TYPE_STRING)
    _field(plugin_data, "content", 2, F.TYPE_BYTES)
    metadata = file.message_type.add(name="SummaryMetadata")
    metadata.nested_type.append(plugin_data)
    _field(metadata, "plugin_data", 1, F.TYPE_MESSAGE, type_name=".tensorboard.SummaryMetadata.PluginData")

    value = descriptor_pb2.DescriptorProto(name="Value")
    _field(value, "tag", 1, F.TYPE_STRING)
    _field(value, "simple_value", 2, F.TYPE_FLOAT)
    _field(value, "tensor", 8, F.TYPE_MESSAGE, type_name=".tensorboard.TensorProto")
    _field(value, "metadata", 9, F.TYPE_MESSAGE, type_name=".tensorboard.SummaryMetadata")
    summary = file.message_type.add(name="Summary")
    summary.nested_type.append(value)
    _field(summary, "value", 1, F.TYPE_MESSAGE, F.LABEL_REPEATED, ".tensorboard.Summary.Value")

    event = file.message_type.add(name="Event")
    _field(event, "wall_time", 1, F.TYPE_DOUBLE)
    _field(event, "step", 2, F.TYPE_INT64)
    _field(event, "file_version", 3, F.TYPE_STRING)
    _field(event, "summary", 5, F.TYPE_MESSAGE, type_name=".tensorboard.Summary")

    pool = descriptor_pool.DescriptorPool()
    pool.Add(file)
    descriptor = pool.FindMessageTypeByName("tensorboard.Event")
    if hasattr(message_factory, "GetMessageClass"):
        return message_factory.GetMessageClass(descriptor)
    return message_factory.MessageFactory(pool).GetPrototype(descriptor)


Event = _message_classes()


# ---- reading ----

def records(path):
    """Yields (offset, data) for every TFRecord in the file, checking both CRCs."""
    with open(path, "rb") as file:
        content = file.read()
    offset = 0
    while offset < len(content):
        header = content[offset:offset + 12]
        if len(header) < 12:
            raise DamagedFile(f"record at offset {offset}: truncated header ({len(header)} of 12 bytes)")
        length_bytes = header[:8]
        (length,) = struct.unpack("<Q", length_bytes)
        (stored,) = struct.unpack("<I", header[8:12])
        computed = masked_crc32c(length_bytes)
        if stored != computed:
            raise DamagedFile(f"record at offset {offset}: length CRC error "
                              f"(stored 0x{stored:08x}, computed 0x{computed:08x})")
        data = content[offset + 12:offset + 12 + length]
        footer = content[offset + 12 + length:offset + 16 + length]
        if len(data) < length or len(footer) < 4:
            raise DamagedFile(f"record at offset {offset}: truncated data")
        (stored,) = struct.unpack("<I", footer)
        computed = masked_crc32c(data)
        if stored != computed:
            raise DamagedFile(f"record at offset {offset}: data CRC error "
                              f"(stored 0x{stored:08x}, computed 0x{computed:08x})")
        yield offset, data
        offset += 16 + length


def text_of(value):
    plugin = value.metadata.plugin_data.plugin_name
    tensor = value.tensor
    if plugin != TEXT_PLUGIN:
        raise DamagedFile(f"tag {value.tag!r}: tensor summary for plugin {plugin!r}, expected {TEXT_PLUGIN!r}")
    if tensor.dtype != DT_STRING or len(tensor.string_val) != 1:
        raise DamagedFile(f"tag {value.tag!r}: expected one DT_STRING value, got dtype {tensor.dtype} "
                          f"with {len(tensor.string_val)} values")
    if any(dim.size != 1 for dim in tensor.tensor_shape.dim):
        raise DamagedFile(f"tag {value.tag!r}: a text tensor of shape {[d.size for d in tensor.tensor_shape.dim]}")
    return tensor.string_val[0].decode("utf-8")


def read(path):
    points = []
    for index, (offset, data) in enumerate(records(path)):
        event = Event()
        try:
            event.ParseFromString(data)
        except message.DecodeError as error:
            raise DamagedFile(f"record at offset {offset}: not an Event ({error})")
        if index == 0:
            if not event.file_version.startswith("brain.Event:"):
                raise DamagedFile(f"first record is not a file-version event: {event}")
            continue
        for value in event.summary.value:
            point = {"file": path, "step": event.step, "wall_time": event.wall_time, "tag": value.tag}
            if value.HasField("tensor"):
                point["text"] = text_of(value)
            else:
                point["value"] = value.simple_value
            points.append(point)
    return points


def main(paths):
    if not paths:
        print(__doc__, file=sys.stderr)
        return 1
    points = []
    for path in paths:
        try:
            points.extend(read(path))
        except DamagedFile as damage:
            print(f"{path}: {damage}", file=sys.stderr)
            return 2
    # allow_nan: TensorBoard scalars may be NaN or infinite; Python's json writes them as NaN and Infinity.
    json.dump(points, sys.stdout, allow_nan=True)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
