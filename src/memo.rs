//! What a build session (`folio watch`) remembers from one build to the next, shared by the
//! writers' memories (`pdf::memo`, `epub::memo`): two generations, what the build under way
//! has used or made and what the build before it made, so that a value no build uses again
//! is dropped one build later and memory follows the book.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;

/// Values by key, in two generations.
#[derive(Debug)]
pub struct Generations<K, V> {
    current: HashMap<K, V>,
    previous: HashMap<K, V>,
}

impl<K, V> Default for Generations<K, V> {
    fn default() -> Self {
        Generations {
            current: HashMap::new(),
            previous: HashMap::new(),
        }
    }
}

impl<K: Eq + Hash + Clone, V: Clone> Generations<K, V> {
    /// Another build starts: what the build before last made and the last did not use
    /// again is dropped.
    pub fn next(&mut self) {
        self.previous = std::mem::take(&mut self.current);
    }

    /// The value at `key`, made or used by this build or made by the last, when it `fits`;
    /// it is kept for the next build.
    pub fn take(&mut self, key: &K, fits: impl FnOnce(&V) -> bool) -> Option<V> {
        if let Some(v) = self.current.get(key) {
            return fits(v).then(|| v.clone());
        }
        let v = self.previous.remove(key).filter(fits)?;
        self.current.insert(key.clone(), v.clone());
        Some(v)
    }

    /// Remembers `value` at `key` for the next build.
    pub fn keep(&mut self, key: K, value: V) {
        self.current.insert(key, value);
    }
}

/// `f` on the memory behind `lock`, made on first use; a panic elsewhere while it was held
/// does not make it unusable (a memory is only ever a copy of what can be made again).
pub fn locked<T: Default, R>(lock: &Mutex<Option<T>>, f: impl FnOnce(&mut T) -> R) -> R {
    let mut guard = lock.lock().unwrap_or_else(|e| e.into_inner());
    f(guard.get_or_insert_with(T::default))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_lasts_while_builds_use_it_and_only_when_it_fits() {
        let mut g: Generations<&str, u32> = Generations::default();
        g.keep("a", 1);
        g.keep("b", 2);
        g.next();
        assert_eq!(g.take(&"a", |v| *v == 1), Some(1));
        assert_eq!(
            g.take(&"b", |v| *v == 3),
            None,
            "what does not fit is not given"
        );
        g.next();
        assert_eq!(
            g.take(&"a", |_| true),
            Some(1),
            "used by the last build: kept"
        );
        assert_eq!(
            g.take(&"b", |_| true),
            None,
            "not used by the last build: dropped"
        );
    }
}
