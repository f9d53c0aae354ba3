// A pickle virtual machine that can only rebuild state dicts: it implements the data opcodes of protocols 0-5,
// resolves GLOBAL/STACK_GLOBAL through TorchGlobals' allow-list, and never calls anything else,
// so nothing in a checkpoint can run code. Opcode semantics follow CPython's Lib/pickle.py `_Unpickler`.
using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;
using NluSharp.Checkpoints.Tensors;

namespace NluSharp.Checkpoints.PyTorch;

internal sealed class RestrictedUnpickler
{
    // Bounds that keep a hostile pickle from exhausting memory; real state-dict pickles are orders of magnitude below them.
    const int MaxStack = 1_000_000;
    const int MaxMemo = 10_000_000;
    const int MaxMarks = 100_000;
    const int MaxTextNumberDigits = 4300; // CPython's int-from-string limit (sys.int_info.default_max_str_digits)

    static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    readonly string _file;
    readonly ReadOnlyMemory<byte> _data;
    readonly Func<object?, object?> _persistentLoad;
    int _pos;

    readonly List<object?> _stack = [];
    readonly Stack<int> _marks = new();
    readonly Dictionary<long, object?> _memo = [];

    /// <param name="file">Named in errors.</param>
    /// <param name="data">The bytes holding the pickle (may continue past its STOP).</param>
    /// <param name="start">Offset of the pickle's first opcode.</param>
    /// <param name="persistentLoad">Turns a persistent id (BINPERSID) into a value, e.g. a <see cref="StorageRef"/>.</param>
    public RestrictedUnpickler(string file, ReadOnlyMemory<byte> data, int start, Func<object?, object?> persistentLoad)
    {
        _file = file;
        _data = data;
        _pos = start;
        _persistentLoad = persistentLoad;
    }

    /// <summary>Offset just after the STOP opcode of the last <see cref="Load"/>.</summary>
    public int Position => _pos;

    /// <summary>Runs opcodes up to STOP and returns the top of the stack.</summary>
    public object? Load()
    {
        _stack.Clear();
        _marks.Clear();
        _memo.Clear();
        var span = _data.Span;
        while (true)
        {
            if (_pos >= span.Length) throw Error($"pickle ends at byte {_pos} without a STOP opcode");
            int at = _pos;
            byte op = span[_pos++];
            switch (op)
            {
                case 0x80: // PROTO
                    var proto = ReadByte();
                    if (proto > 5) throw Error($"unsupported pickle protocol {proto} at byte {at}");
                    break;
                case 0x95: // FRAME: 8-byte length of the following frame; framing is only an I/O hint
                    var frameLen = ReadUInt64();
                    if (frameLen > (ulong)(span.Length - _pos)) throw Error($"pickle FRAME at byte {at} declares {frameLen} bytes, only {span.Length - _pos} remain");
                    break;
                case (byte)'.': // STOP
                    if (_stack.Count == 0) throw Error($"pickle STOP at byte {at} with an empty stack");
                    return _stack[^1];

                // --- constants and numbers
                case (byte)'N': Push(null); break;
                case 0x88: Push(true); break;
                case 0x89: Push(false); break;
                case (byte)'J': Push((long)BinaryPrimitives.ReadInt32LittleEndian(Take(4))); break;
                case (byte)'K': Push((long)ReadByte()); break;
                case (byte)'M': Push((long)BinaryPrimitives.ReadUInt16LittleEndian(Take(2))); break;
                case 0x8a: Push(ReadLong(ReadByte())); break; // LONG1
                case 0x8b: // LONG4
                    var longLen = BinaryPrimitives.ReadInt32LittleEndian(Take(4));
                    if (longLen < 0) throw Error($"pickle LONG4 at byte {at} has negative length {longLen}");
                    Push(ReadLong(longLen));
                    break;
                case (byte)'I': Push(ParseIntLine(ReadLine(MaxTextNumberDigits + 2), at)); break;
                case (byte)'L': Push(ParseIntLine(ReadLine(MaxTextNumberDigits + 2).TrimEnd('L'), at)); break;
                case (byte)'G': Push(BinaryPrimitives.ReadDoubleBigEndian(Take(8))); break;
                case (byte)'F':
                    var ftext = ReadLine(64);
                    if (!double.TryParse(ftext, NumberStyles.Float, CultureInfo.InvariantCulture, out var fv)) throw Error($"pickle FLOAT at byte {at}: '{ftext}' is not a number");
                    Push(fv);
                    break;

                // --- strings and bytes
                case (byte)'X': Push(Utf8(Take(ReadLength32()), at)); break;
                case 0x8c: Push(Utf8(Take(ReadByte()), at)); break;
                case 0x8d: Push(Utf8(Take(ReadLength64(at)), at)); break;
                case (byte)'V': Push(ReadLine(int.MaxValue)); break; // protocol 0 raw-unicode-escape; torch never writes it, escapes are not decoded
                case (byte)'T': Push(Encoding.Latin1.GetString(Take(ReadLength32()))); break;
                case (byte)'U': Push(Encoding.Latin1.GetString(Take(ReadByte()))); break;
                case (byte)'S': Push(ReadLine(int.MaxValue).Trim('\'', '"')); break; // protocol 0 repr string; escapes are not decoded
                case (byte)'B': Push(Take(ReadLength32()).ToArray()); break;
                case (byte)'C': Push(Take(ReadByte()).ToArray()); break;
                case 0x8e: Push(Take(ReadLength64(at)).ToArray()); break;
                case 0x96: Push(Take(ReadLength64(at)).ToArray()); break; // BYTEARRAY8

                // --- containers
                case (byte)'(': // MARK
                    if (_marks.Count >= MaxMarks) throw Error($"pickle nests more than {MaxMarks} MARKs");
                    _marks.Push(_stack.Count);
                    break;
                case (byte)')': Push(new PickleTuple([])); break;
                case (byte)'t': Push(new PickleTuple(PopMark(at).ToArray())); break;
                case 0x85: Push(new PickleTuple([Pop(at)])); break;
                case 0x86: { var b = Pop(at); var a = Pop(at); Push(new PickleTuple([a, b])); break; }
                case 0x87: { var c = Pop(at); var b = Pop(at); var a = Pop(at); Push(new PickleTuple([a, b, c])); break; }
                case (byte)']': Push(new PickleList([])); break;
                case (byte)'l': Push(new PickleList(PopMark(at))); break;
                case (byte)'a': { var v = Pop(at); Expect<PickleList>(Peek(at), "APPEND", at).Items.Add(v); break; }
                case (byte)'e': { var items = PopMark(at); Expect<PickleList>(Peek(at), "APPENDS", at).Items.AddRange(items); break; }
                case 0x8f: Push(new PickleList([])); break; // EMPTY_SET
                case 0x90: { var items = PopMark(at); Expect<PickleList>(Peek(at), "ADDITEMS", at).Items.AddRange(items); break; }
                case 0x91: Push(new PickleList(PopMark(at))); break; // FROZENSET
                case (byte)'}': Push(new PickleDict()); break;
                case (byte)'d':
                {
                    var items = PopMark(at);
                    if (items.Count % 2 != 0) throw Error($"pickle DICT at byte {at} has an odd number of items");
                    var dict = new PickleDict();
                    for (int i = 0; i < items.Count; i += 2) dict.Set(items[i], items[i + 1]);
                    Push(dict);
                    break;
                }
                case (byte)'s': { var v = Pop(at); var k = Pop(at); Expect<PickleDict>(Peek(at), "SETITEM", at).Set(k, v); break; }
                case (byte)'u':
                {
                    var items = PopMark(at);
                    if (items.Count % 2 != 0) throw Error($"pickle SETITEMS at byte {at} has an odd number of items");
                    var dict = Expect<PickleDict>(Peek(at), "SETITEMS", at);
                    for (int i = 0; i < items.Count; i += 2) dict.Set(items[i], items[i + 1]);
                    break;
                }

                // --- stack and memo
                case (byte)'0': Pop(at); break;
                case (byte)'1': PopMark(at); break;
                case (byte)'2': Push(Peek(at)); break;
                case (byte)'p': Memoize(ParseIndex(ReadLine(24), at), at); break;
                case (byte)'q': Memoize(ReadByte(), at); break;
                case (byte)'r': Memoize(BinaryPrimitives.ReadUInt32LittleEndian(Take(4)), at); break;
                case 0x94: Memoize(_memo.Count, at); break; // MEMOIZE
                case (byte)'g': Push(Recall(ParseIndex(ReadLine(24), at), at)); break;
                case (byte)'h': Push(Recall(ReadByte(), at)); break;
                case (byte)'j': Push(Recall(BinaryPrimitives.ReadUInt32LittleEndian(Take(4)), at)); break;

                // --- the only ways a pickle can name or call code: all go through the allow-list
                case (byte)'c':
                {
                    var module = ReadLine(1024);
                    var name = ReadLine(1024);
                    Push(ResolveGlobal(module, name, at));
                    break;
                }
                case 0x93: // STACK_GLOBAL
                {
                    var name = Pop(at) as string ?? throw Error($"pickle STACK_GLOBAL at byte {at}: name is not a string");
                    var module = Pop(at) as string ?? throw Error($"pickle STACK_GLOBAL at byte {at}: module is not a string");
                    Push(ResolveGlobal(module, name, at));
                    break;
                }
                case (byte)'R': // REDUCE
                {
                    var args = Pop(at) as PickleTuple ?? throw Error($"pickle REDUCE at byte {at}: arguments are not a tuple");
                    var callable = Pop(at);
                    Push(Call(callable, args.Items, at));
                    break;
                }
                case (byte)'b': // BUILD sets state on an object; only dicts (torch's `_metadata` attribute) and tensors accept it,
                                // and the state is dropped: it never changes tensor data
                    Pop(at);
                    if (Peek(at) is not (PickleDict or TensorRef))
                        throw Error($"pickle BUILD at byte {at} on {Describe(Peek(at))} is not allowed");
                    break;
                case (byte)'Q': Push(_persistentLoad(Pop(at))); break; // BINPERSID
                case (byte)'P': Push(_persistentLoad(ReadLine(1024))); break; // PERSID

                case (byte)'i': case (byte)'o': case 0x81: case 0x92:
                    throw Error($"pickle opcode {OpName(op)} at byte {at} instantiates an arbitrary class and is not allowed");
                case 0x82: case 0x83: case 0x84:
                    throw Error($"pickle extension-registry opcode {OpName(op)} at byte {at} is not allowed");
                case 0x97: case 0x98:
                    throw Error($"pickle out-of-band buffer opcode {OpName(op)} at byte {at} is not supported");
                default:
                    throw Error($"unknown pickle opcode 0x{op:x2} at byte {at}");
            }
        }
    }

    object? Call(object? callable, object?[] args, int at)
    {
        if (callable is not TorchGlobal g)
            throw Error($"pickle REDUCE at byte {at} calls {Describe(callable)}, which is not an allowed function");
        switch (g.Kind)
        {
            case TorchGlobalKind.OrderedDict:
            {
                var dict = new PickleDict();
                if (args.Length == 1 && args[0] is PickleList pairs)
                    foreach (var pair in pairs.Items)
                    {
                        if (pair is not (PickleTuple { Items.Length: 2 } or PickleList { Items.Count: 2 }))
                            throw Error($"OrderedDict at byte {at}: items must be (key, value) pairs");
                        var kv = pair is PickleTuple t ? t.Items : ((PickleList)pair).Items.ToArray();
                        dict.Set(kv[0], kv[1]);
                    }
                else if (args.Length != 0)
                    throw Error($"OrderedDict at byte {at} called with {args.Length} arguments");
                return dict;
            }
            case TorchGlobalKind.RebuildTensorV2:
                // _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])
                if (args.Length is < 4 or > 7) throw Error($"{g.FullName} at byte {at} called with {args.Length} arguments, expected 6 or 7");
                return RebuildTensor(g, args, at);
            case TorchGlobalKind.RebuildTensor:
                if (args.Length != 4) throw Error($"{g.FullName} at byte {at} called with {args.Length} arguments, expected 4");
                return RebuildTensor(g, args, at);
            case TorchGlobalKind.RebuildParameter:
            case TorchGlobalKind.RebuildParameterWithState:
                if (args.Length < 1 || args[0] is not TensorRef data)
                    throw Error($"{g.FullName} at byte {at} expects a tensor as its first argument");
                return data;
            case TorchGlobalKind.RebuildFromTypeV2:
                // _rebuild_from_type_v2(func, new_type, args, state): func(*args), re-typed to Tensor/Parameter (a no-op here)
                if (args.Length != 4 || args[0] is not TorchGlobal inner || args[2] is not PickleTuple innerArgs)
                    throw Error($"{g.FullName} at byte {at} expects (function, type, args, state)");
                if (args[1] is not TorchGlobal { Kind: TorchGlobalKind.TensorClass or TorchGlobalKind.ParameterClass })
                    throw Error($"{g.FullName} at byte {at}: the type must be torch.Tensor or torch.nn.parameter.Parameter");
                if (inner.Kind is not (TorchGlobalKind.RebuildTensorV2 or TorchGlobalKind.RebuildTensor or TorchGlobalKind.RebuildParameter))
                    throw Error($"{g.FullName} at byte {at} wraps {inner.FullName}, which is not a tensor rebuild function");
                return Call(inner, innerArgs.Items, at);
            default:
                throw Error($"pickle at byte {at} calls {g.FullName}, which may only be referenced, not called");
        }
    }

    TensorRef RebuildTensor(TorchGlobal g, object?[] args, int at)
    {
        var storage = args[0] as StorageRef ?? throw Error($"{g.FullName} at byte {at}: first argument is {Describe(args[0])}, expected a storage");
        if (args[1] is not long offset || offset < 0) throw Error($"{g.FullName} at byte {at}: storage offset must be a non-negative int");
        var size = IntTuple(args[2], g, "size", at);
        var stride = IntTuple(args[3], g, "stride", at);
        if (size.Length != stride.Length)
            throw Error($"{g.FullName} at byte {at}: size has {size.Length} dimensions but stride has {stride.Length}");
        return new TensorRef(storage, offset, size, stride);
    }

    long[] IntTuple(object? value, TorchGlobal g, string what, int at)
    {
        if (value is not PickleTuple t) throw Error($"{g.FullName} at byte {at}: {what} is {Describe(value)}, expected a tuple of ints");
        if (t.Items.Length > 64) throw Error($"{g.FullName} at byte {at}: {what} has {t.Items.Length} dimensions (limit 64)");
        var result = new long[t.Items.Length];
        for (int i = 0; i < result.Length; i++)
            result[i] = t.Items[i] is long v && v >= 0 ? v : throw Error($"{g.FullName} at byte {at}: {what}[{i}] is {Describe(t.Items[i])}, expected a non-negative int");
        return result;
    }

    TorchGlobal ResolveGlobal(string module, string name, int at) =>
        TorchGlobals.Resolve(module, name) ?? throw Error(
            $"pickle refers to the global '{module}.{name}' (byte {at}), which is not allowed in a checkpoint; only {TorchGlobals.AllowedSummary} are accepted");

    // ---- primitive readers -------------------------------------------------------------------------

    ReadOnlySpan<byte> Take(long count)
    {
        var span = _data.Span;
        if (count < 0 || count > span.Length - _pos)
            throw Error($"pickle truncated: needs {count} bytes at byte {_pos}, {span.Length - _pos} remain");
        var result = span.Slice(_pos, (int)count);
        _pos += (int)count;
        return result;
    }

    byte ReadByte() => Take(1)[0];
    ulong ReadUInt64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));
    long ReadLength32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

    long ReadLength64(int at)
    {
        var n = ReadUInt64();
        if (n > int.MaxValue) throw Error($"pickle length {n} at byte {at} is too large");
        return (long)n;
    }

    string ReadLine(int maxLength)
    {
        var span = _data.Span[_pos..];
        var end = span.IndexOf((byte)'\n');
        if (end < 0) throw Error($"pickle truncated: no end of line after byte {_pos}");
        if (end > maxLength) throw Error($"pickle text argument at byte {_pos} is {end} bytes long (limit {maxLength})");
        var text = Encoding.Latin1.GetString(span[..end]);
        _pos += end + 1;
        return text;
    }

    string Utf8(ReadOnlySpan<byte> bytes, int at)
    {
        try { return StrictUtf8.GetString(bytes); }
        catch (DecoderFallbackException) { throw Error($"pickle string at byte {at} is not valid UTF-8"); }
    }

    static object ReadLongBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length == 0) return 0L;
        var value = new BigInteger(bytes, isUnsigned: false, isBigEndian: false);
        return value >= long.MinValue && value <= long.MaxValue ? (long)value : value;
    }

    object ReadLong(long length)
    {
        if (length > MaxTextNumberDigits) throw Error($"pickle integer of {length} bytes at byte {_pos} is too large");
        return ReadLongBytes(Take(length));
    }

    object ParseIntLine(string text, int at)
    {
        if (text == "00") return false; // protocol 0 spells booleans I00 / I01
        if (text == "01") return true;
        if (!BigInteger.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v))
            throw Error($"pickle integer at byte {at}: '{text}' is not a number");
        return v >= long.MinValue && v <= long.MaxValue ? (long)v : v;
    }

    long ParseIndex(string text, int at) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : throw Error($"pickle memo index at byte {at}: '{text}' is not a number");

    // ---- stack and memo ----------------------------------------------------------------------------

    void Push(object? value)
    {
        if (_stack.Count >= MaxStack) throw Error($"pickle stack exceeds {MaxStack} entries");
        _stack.Add(value);
    }

    object? Pop(int at)
    {
        var floor = _marks.Count > 0 ? _marks.Peek() : 0;
        if (_stack.Count <= floor) throw Error($"pickle stack underflow at byte {at}");
        var v = _stack[^1];
        _stack.RemoveAt(_stack.Count - 1);
        return v;
    }

    object? Peek(int at)
    {
        var floor = _marks.Count > 0 ? _marks.Peek() : 0;
        if (_stack.Count <= floor) throw Error($"pickle stack underflow at byte {at}");
        return _stack[^1];
    }

    List<object?> PopMark(int at)
    {
        if (_marks.Count == 0) throw Error($"pickle opcode at byte {at} needs a MARK and there is none");
        var start = _marks.Pop();
        var items = _stack.GetRange(start, _stack.Count - start);
        _stack.RemoveRange(start, _stack.Count - start);
        return items;
    }

    void Memoize(long index, int at)
    {
        if (_memo.Count >= MaxMemo && !_memo.ContainsKey(index)) throw Error($"pickle memo exceeds {MaxMemo} entries");
        _memo[index] = Peek(at);
    }

    object? Recall(long index, int at) =>
        _memo.TryGetValue(index, out var v) ? v : throw Error($"pickle GET at byte {at} refers to memo slot {index}, which was never set");

    T Expect<T>(object? value, string op, int at) where T : class =>
        value as T ?? throw Error($"pickle {op} at byte {at} applies to {Describe(value)}");

    internal static string Describe(object? value) => value switch
    {
        null => "None",
        TorchGlobal g => g.FullName,
        string s => $"the string '{(s.Length > 40 ? s[..40] + "..." : s)}'",
        long or BigInteger => "an int",
        bool => "a bool",
        double => "a float",
        byte[] => "bytes",
        PickleTuple => "a tuple",
        PickleList => "a list",
        PickleDict => "a dict",
        StorageRef => "a storage",
        TensorRef => "a tensor",
        _ => value.GetType().Name,
    };

    static string OpName(byte op) => op is >= 0x20 and < 0x7f ? $"'{(char)op}'" : $"0x{op:x2}";

    CheckpointFormatException Error(string problem) => new(_file, problem);
}
