package dev.orchestra.service;

import java.util.concurrent.ThreadLocalRandom;

/** Generated run names in Prefect's style: an adjective and an animal, e.g. {@code sage-chipmunk}. */
public final class RunNames {

    private static final String[] ADJECTIVES = {"able", "amber", "ancient", "arrogant", "azure", "bald", "beige",
        "bold", "brave", "bright", "brisk", "calm", "canny", "cheerful", "clever", "cobalt", "cool", "cosmic",
        "crafty", "crimson", "curious", "daft", "dancing", "daring", "dark", "dazzling", "deft", "dexterous",
        "eager", "earnest", "electric", "elegant", "emerald", "energetic", "fancy", "fast", "fearless", "festive",
        "fiery", "flawless", "fluffy", "friendly", "frosty", "funky", "gallant", "gentle", "giga", "gleaming",
        "golden", "graceful", "granite", "groovy", "hallowed", "handsome", "happy", "hardy", "hidden", "honest",
        "humble", "icy", "indigo", "jolly", "jovial", "keen", "kind", "lavender", "lively", "logical", "lucky",
        "magnetic", "majestic", "mellow", "merry", "mighty", "modest", "nimble", "noble", "olive", "orange",
        "outrageous", "pastel", "peculiar", "placid", "polite", "proud", "quick", "quiet", "radiant", "rapid",
        "resolute", "robust", "rustic", "sage", "scarlet", "serene", "shiny", "silver", "sly", "smart", "smiling",
        "solid", "spirited", "splendid", "steady", "stellar", "sturdy", "sunny", "swift", "tan", "tactful",
        "teal", "tidy", "tireless", "tough", "tungsten", "ultra", "uncanny", "upbeat", "valiant", "vagabond",
        "vehement", "versed", "vigorous", "violet", "vivid", "warm", "wary", "whimsical", "wise", "witty",
        "xanthic", "zealous", "zippy"};

    private static final String[] ANIMALS = {"aardvark", "albatross", "alligator", "alpaca", "anaconda",
        "antelope", "armadillo", "baboon", "badger", "barracuda", "bat", "beagle", "bear", "beaver", "bee",
        "bison", "bobcat", "buffalo", "butterfly", "buzzard", "camel", "capybara", "caracal", "cat", "chameleon",
        "cheetah", "chicken", "chipmunk", "cobra", "cockatoo", "collie", "condor", "cormorant", "coyote", "crab",
        "crane", "cricket", "crocodile", "crow", "cuckoo", "dachshund", "dalmatian", "deer", "dingo", "dodo",
        "dolphin", "donkey", "dove", "dragon", "duck", "eagle", "eel", "elephant", "elk", "emu", "falcon",
        "ferret", "finch", "flamingo", "fox", "frog", "gazelle", "gecko", "gerbil", "gibbon", "giraffe", "gnu",
        "goat", "goose", "gopher", "gorilla", "grasshopper", "grouse", "gull", "hamster", "hare", "hawk",
        "hedgehog", "heron", "hippo", "hornet", "horse", "hound", "husky", "hyena", "ibex", "ibis", "iguana",
        "impala", "jackal", "jaguar", "jellyfish", "kakapo", "kangaroo", "kestrel", "kingfisher", "kiwi", "koala",
        "lemming", "lemur", "leopard", "lion", "lizard", "llama", "lobster", "lynx", "macaw", "magpie", "malamute",
        "mammoth", "manatee", "mandrill", "marmot", "meerkat", "mink", "mole", "mongoose", "monkey", "moose",
        "moth", "mouse", "mule", "narwhal", "newt", "nightingale", "ocelot", "octopus", "okapi", "orca", "oriole",
        "ostrich", "otter", "owl", "ox", "panda", "panther", "parakeet", "parrot", "partridge", "peacock",
        "pelican", "penguin", "pheasant", "pig", "pigeon", "pika", "piranha", "platypus", "poodle", "porcupine",
        "porpoise", "puffin", "puma", "python", "quail", "rabbit", "raccoon", "ram", "rat", "raven", "reindeer",
        "rhino", "robin", "rooster", "salamander", "salmon", "seahorse", "seal", "shark", "sheep", "shrimp",
        "skink", "skunk", "sloth", "snail", "snake", "sparrow", "spider", "squid", "squirrel", "starfish",
        "stingray", "stork", "swan", "swift", "tapir", "tarantula", "termite", "tiger", "toad", "tortoise",
        "toucan", "trout", "turkey", "turtle", "viper", "vulture", "wallaby", "walrus", "wasp", "weasel", "whale",
        "wildebeest", "wolf", "wolverine", "wombat", "woodpecker", "worm", "yak", "zebra"};

    private RunNames() {
    }

    /** The name a run gets for a requested one: a missing or empty name becomes a generated one (Prefect's validator). */
    public static String orGenerated(String requested) {
        return requested == null || requested.isEmpty() ? generate() : requested;
    }

    public static String generate() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return ADJECTIVES[random.nextInt(ADJECTIVES.length)] + "-" + ANIMALS[random.nextInt(ANIMALS.length)];
    }
}
