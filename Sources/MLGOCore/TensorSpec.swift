/// The description of one tensor, as LLVM's `TensorSpec` writes it into training-log headers
/// and the interactive channel: `{"name":…,"port":0,"shape":[1],"type":"int64_t"}`.
public struct TensorSpec: Equatable, Sendable {
    public enum ElementType: String, Sendable, CaseIterable {
        case int8 = "int8_t", uint8 = "uint8_t", int16 = "int16_t", uint16 = "uint16_t"
        case int32 = "int32_t", uint32 = "uint32_t", int64 = "int64_t", uint64 = "uint64_t"
        case float32 = "float", float64 = "double"

        public var byteSize: Int {
            switch self {
            case .int8, .uint8: return 1
            case .int16, .uint16: return 2
            case .int32, .uint32, .float32: return 4
            case .int64, .uint64, .float64: return 8
            }
        }
    }

    public var name: String
    public var type: ElementType
    public var shape: [Int]
    public var port: Int

    public init(name: String, type: ElementType, shape: [Int] = [1], port: Int = 0) {
        self.name = name
        self.type = type
        self.shape = shape
        self.port = port
    }

    /// The largest tensor a header may declare (4 GiB): far beyond any LLVM feature, and small
    /// enough that the byte sizes of any header's tensors add up without overflow.
    public static let maximumByteSize = 1 << 32

    public var elementCount: Int { shape.reduce(1, *) }
    public var byteSize: Int { elementCount * type.byteSize }

    /// Reads LLVM's JSON form; `context` names the place for error messages.
    public init(json: Any, context: String) throws {
        guard let object = json as? [String: Any] else {
            throw MLGOError.malformed(context, "a tensor spec must be a JSON object")
        }
        guard let name = object["name"] as? String else {
            throw MLGOError.malformed(context, "tensor spec without a \"name\"")
        }
        guard let typeName = object["type"] as? String, let type = ElementType(rawValue: typeName)
        else {
            throw MLGOError.malformed(context, "tensor '\(name)' has an unknown \"type\"")
        }
        guard let shape = object["shape"] as? [Int], !shape.isEmpty, shape.allSatisfy({ $0 > 0 })
        else {
            throw MLGOError.malformed(context, "tensor '\(name)' needs a \"shape\" of positive sizes")
        }
        // A size that overflows would trap in `byteSize` and in every offset computed from it.
        var bytes = type.byteSize
        for size in shape {
            let (product, overflow) = bytes.multipliedReportingOverflow(by: size)
            guard !overflow, product <= TensorSpec.maximumByteSize else {
                throw MLGOError.malformed(context, "tensor '\(name)' is larger than \(TensorSpec.maximumByteSize) bytes")
            }
            bytes = product
        }
        self.init(name: name, type: type, shape: shape, port: object["port"] as? Int ?? 0)
    }

    /// LLVM's JSON form, keys in LLVM's order.
    public var json: String {
        let dims = shape.map(String.init).joined(separator: ",")
        return "{\"name\":\(JSONString.quoted(name)),\"type\":\"\(type.rawValue)\",\"port\":\(port),\"shape\":[\(dims)]}"
    }
}
