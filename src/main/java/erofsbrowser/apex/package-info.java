/**
 * Android APEX and CAPEX files: read as they are, every structure dissected, verified as apexd would
 * and further.
 *
 * <ul>
 * <li>{@link erofsbrowser.apex.ApexFile} opens a file by its content (zip with
 * {@code apex_payload.img}: APEX; with {@code original_apex}: CAPEX, inflated to a private temporary
 * file), with {@link erofsbrowser.apex.ApexArchive} for each zip's metadata and
 * {@link erofsbrowser.apex.Payload} for the payload, read in place and opened by the
 * {@link erofsbrowser.apex.PayloadReaders} reader of its filesystem type.</li>
 * <li>Zip: {@link erofsbrowser.apex.ZipArchive} (end records, central directory, local headers);
 * protobuf: {@link erofsbrowser.apex.ApexManifest}, {@link erofsbrowser.apex.ApexBuildInfo};
 * binary XML: {@link erofsbrowser.apex.BinaryXml}; AVB: {@link erofsbrowser.apex.AvbFooter},
 * {@link erofsbrowser.apex.Vbmeta}, {@link erofsbrowser.apex.AvbDescriptor},
 * {@link erofsbrowser.apex.AvbPublicKey}, {@link erofsbrowser.apex.HashtreeLayout}. Each decoder
 * has a dissector beside it; {@link erofsbrowser.apex.ApexFile#structures()} gives every field tree
 * with what its offsets count from ({@link erofsbrowser.apex.Structures}).</li>
 * <li>{@link erofsbrowser.apex.ApexVerifier} runs the checks into a
 * {@link erofsbrowser.apex.VerificationReport}; bad hashtree blocks are named by a
 * {@link erofsbrowser.apex.BlockOwners} ({@link erofsbrowser.apex.ImageMapOwners} for EROFS,
 * {@link erofsbrowser.apex.OwnerMapOwners} for any other filesystem).</li>
 * </ul>
 *
 * <p>Bad input is an {@link erofsbrowser.image.ImageException} naming the byte offset, or a
 * {@link erofsbrowser.image.Problem} where the rest can still be shown. Read-only, thread-safe, no
 * JavaFX.
 */
package erofsbrowser.apex;
