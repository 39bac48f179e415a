package dev.orchestra.schemas;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.UUID;

/** Who created an object ({@code core.CreatedBy}). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CreatedBy(UUID id, String type, String displayValue) {
}
