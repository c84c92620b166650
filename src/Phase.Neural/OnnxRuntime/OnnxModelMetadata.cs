namespace Phase.Neural.OnnxRuntime;

/// <summary>A model's metadata as ONNX Runtime reads it (<c>OrtModelMetadata</c>): the <c>ModelProto</c> fields and the
/// custom <c>metadata_props</c> map.</summary>
/// <param name="ProducerName"><c>ModelProto.producer_name</c>.</param>
/// <param name="GraphName"><c>GraphProto.name</c>.</param>
/// <param name="Domain"><c>ModelProto.domain</c>.</param>
/// <param name="Description"><c>ModelProto.doc_string</c>.</param>
/// <param name="GraphDescription"><c>GraphProto.doc_string</c>.</param>
/// <param name="Version"><c>ModelProto.model_version</c>.</param>
/// <param name="CustomMetadata"><c>ModelProto.metadata_props</c> (key → value), ordinal keys.</param>
public sealed record OnnxModelMetadata(
    string ProducerName,
    string GraphName,
    string Domain,
    string Description,
    string GraphDescription,
    long Version,
    IReadOnlyDictionary<string, string> CustomMetadata);
